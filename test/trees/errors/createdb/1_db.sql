CREATE DATABASE should_not_exist;
